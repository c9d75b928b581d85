/**
 * What a person may send from the Feishu client's "+" in the sandbox: a picture (PNG or JPG, at most
 * 10 MB, Feishu's image limit) as an image message, anything else as a file message. The sandbox
 * keeps what is sent in memory, so it caps a file at 64 MB (above the bot's 30 MB, so a bot's refusal
 * of too large a file can be tried).
 */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const MAX_SENT_FILE_BYTES = 64 * 1024 * 1024;

/** The picture's type by its first bytes (a name can lie), or undefined when it is neither. */
export function imageType(bytes: Buffer): 'image/png' | 'image/jpeg' | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return undefined;
}

/** The size as the client shows it under a file's name: 812 B, 12.3 KB, 4.5 MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
