-- Policy version 5: version 4's values plus the board's satisfaction question (issue 23, point 5).
-- The discipline-inspection board lists a closed survey round of at least `minAnswers` answers whose
-- contract's final scores for the round's months (their average) stand `boardGapPoints` points or
-- more above the round's satisfaction on the 100-point scale (the mean of 1-5 × 20). It is a question
-- for the inspector, not a rule: nothing is deducted, warned or decided by it. Contracts copy nothing
-- of it at signing (clauses.survey keeps its own fields), so a contract's terms are unchanged; the
-- board reads the newest version's value.
INSERT INTO policies (version, effective_from, note, values)
SELECT 5, '2027-01-01', 'Board: satisfaction well below the score (a question for the inspector)',
  values || jsonb_build_object('survey', (values->'survey') || '{"boardGapPoints": 15}'::jsonb)
FROM policies WHERE version = 4
ON CONFLICT (version) DO NOTHING;
