import { parseCertificate, type Certificate } from '../certificates/certificate.js';
import { parseJsonText } from './parseJsonText.js';
import { readInputFile } from './readInputFile.js';

/**
 * Loads and validates a certificate JSON file `{"X", "WQ", "WK", "d", ...}`.
 * `O(size)`.
 *
 * @example
 * loadCertificate('cert.json').d; // 564
 * @throws {InputRangeError|InputTypeError} naming the file, matrix, row and column at fault.
 */
export function loadCertificate(path: string): Certificate {
  return parseCertificate(parseJsonText(readInputFile(path), path), path);
}
