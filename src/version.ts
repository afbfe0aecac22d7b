/** The attnproof version, printed by `--version` and written into every record and report. */
export const VERSION = '0.1.0';
