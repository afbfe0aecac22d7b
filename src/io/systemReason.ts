/** What a file-system error code means for the path the user gave, in a few words. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'a parent of it is not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'a file is in the way',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * A file-system error in a few words (`no such file`, `permission denied`, ...),
 * else its code, else its text; `overrides` rewords codes for one use (a write
 * says `no such directory` for `ENOENT`). `O(1)`.
 *
 * @example
 * systemReason({ code: 'EACCES' }); // 'permission denied'
 * systemReason({ code: 'ENOENT' }, { ENOENT: 'no such directory' }); // 'no such directory'
 * systemReason({ code: 'EIO' }); // 'EIO'
 * @throws never.
 */
export function systemReason(error: unknown, overrides: Readonly<Record<string, string>> = {}): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return String(error);
  return (Object.hasOwn(overrides, code) ? overrides[code] : Object.hasOwn(REASONS, code) ? REASONS[code] : code)!;
}

/** Whether `error` is a file-system (errno) error, which is about the user's path rather than a defect. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return (
    typeof (error as { code?: unknown } | null)?.code === 'string' &&
    typeof (error as { syscall?: unknown }).syscall === 'string'
  );
}
