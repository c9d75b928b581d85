/**
 * POST /open-apis/im/v1/files (/document/server-docs/im-v1/file/create): multipart `file_type`,
 * `file_name`, `file`; at most 30 MB, not empty. Answers `{ data: { file_key } }`, the key a file
 * message then names. The refusals carry Feishu's codes for this API (234001 bad parameter, 234006
 * too large, 234010 empty).
 */
import type { RouteRequest } from './api-route';
import type { SandboxCore } from './core';
import { randomHex } from './credentials';
import { ApiError } from './feishu-errors';
import { fileStoreOf } from './file-store';
import { isUploadedFile } from './multipart';

export const MAX_FILE_BYTES = 30 * 1024 * 1024;
const FILE_TYPES = new Set(['opus', 'mp4', 'pdf', 'doc', 'xls', 'ppt', 'stream']);

export const FileCodes = { invalidParam: 234001, tooLarge: 234006, empty: 234010 } as const;

const bad = (ext: string) => new ApiError(400, FileCodes.invalidParam, `Invalid request param. ext=${ext}`);

export const newFileKey = () => `file_v3_${randomHex(16)}`;

export function uploadFile(req: RouteRequest, core: SandboxCore): unknown {
  req.admit();
  const { file_type: fileType, file_name: fileName, file } = req.body;
  if (req.body.__tooLarge) throw new ApiError(400, FileCodes.tooLarge, 'The file size exceed the max value.');
  if (typeof fileType !== 'string' || !FILE_TYPES.has(fileType))
    throw bad(`file_type ${JSON.stringify(fileType)} is not one of ${[...FILE_TYPES].join(', ')}`);
  if (typeof fileName !== 'string' || fileName === '') throw bad('file_name is required');
  if (!isUploadedFile(file)) throw bad('file is required');
  if (file.bytes.length === 0) throw new ApiError(400, FileCodes.empty, "File's size can't be 0.");
  if (file.bytes.length > MAX_FILE_BYTES)
    throw new ApiError(400, FileCodes.tooLarge, 'The file size exceed the max value.');
  const fileKey = newFileKey();
  fileStoreOf(core).put({ fileKey, fileType, fileName, bytes: file.bytes });
  return { code: 0, msg: 'success', data: { file_key: fileKey } };
}
