import { card, md, text } from './kit';

/** The note on a card whose working-day deadline was counted without the year's holiday notice. */
export const UNCOVERED_NOTE = '未按节假日安排计算';

/**
 * To zone admins, once, from 1 November: next year's holidays are not loaded, so every working-day
 * deadline in it (chasing, due dates, reminders) would count Spring Festival as working days.
 */
export function calendarMissingCard(year: number) {
  return card({
    title: `${year} 年节假日安排尚未导入`,
    template: 'orange',
    summary: `${year} 年节假日安排尚未导入,工作日期限将${UNCOVERED_NOTE}`,
    elements: [
      md(
        text(
          `系统尚无 ${year} 年的放假和调休安排。导入前,${year} 年的催办、截止日和提醒按周一至周五计算,` +
            `春节等法定节假日会被当作工作日(${UNCOVERED_NOTE})。`,
        ),
      ),
      md(
        text(
          `请在国务院办公厅发布 ${year} 年部分节假日安排的通知后,按通知整理「日期,类型(放假/调休),名称」` +
            `文件,交系统运维人员以节假日导入命令(calendar:import)导入。`,
        ),
      ),
    ],
  });
}
