/** The bytes of images users sent, and the shape of a route answer that is bytes. */

/** A route's answer that is bytes, not JSON. */
export class BinaryBody {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
  ) {}
}

/** What the sandbox keeps of sent images: bytes by `${messageId}/${fileKey}`. */
export class ImageResources {
  private readonly bytes = new Map<string, Buffer>();
  put(messageId: string, fileKey: string, bytes: Buffer) {
    this.bytes.set(`${messageId}/${fileKey}`, Buffer.from(bytes));
  }
  get(messageId: string, fileKey: string): Buffer | undefined {
    return this.bytes.get(`${messageId}/${fileKey}`);
  }
  clear() {
    this.bytes.clear();
  }
}
