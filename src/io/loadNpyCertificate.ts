import { checkCertificateShapes, type Certificate } from '../certificates/certificate.js';
import { InputRangeError, withLocation } from '../errors/inputError.js';
import { readNpy } from './readNpy.js';

/** The three `.npy` files of a certificate: inputs `X` (`L×m`), parameters `WQ` and `WK` (`m×d`). */
export interface NpyCertificatePaths {
  readonly X: string;
  readonly WQ: string;
  readonly WK: string;
}

/**
 * Loads a certificate saved as three `.npy` files (see {@link readNpy}), with
 * `d` = the column count of `WQ`, and checks that the shapes fit together
 * (and that `X` has `L` rows, when `L` is given) with
 * {@link checkCertificateShapes}. A shape error names the file and the matrix
 * at fault (`d` is `WQ`'s). `O(L·m + m·d)`.
 *
 * @example
 * // np.save('X.npy', X); np.save('WQ.npy', WQ); np.save('WK.npy', WK)
 * loadNpyCertificate({ X: 'X.npy', WQ: 'WQ.npy', WK: 'WK.npy' }).d; // WQ.shape[1]
 * @throws {InputRangeError|InputTypeError} naming the file (and matrix, row and column) at fault.
 */
export function loadNpyCertificate(paths: NpyCertificatePaths, L?: number): Certificate {
  const X = readNpy(paths.X, { field: 'X' }, { shared: true }); // shared: the projections read it from worker threads
  const WQ = readNpy(paths.WQ, { field: 'WQ' });
  const WK = readNpy(paths.WK, { field: 'WK' });
  const certificate: Certificate = { X, WQ, WK, d: WQ.cols };
  try {
    checkCertificateShapes(certificate, L);
  } catch (error) {
    if (!(error instanceof InputRangeError)) throw error;
    const field = error.location.field;
    const file = field === 'X' ? paths.X : field === 'WK' ? paths.WK : paths.WQ;
    throw withLocation(error, { file });
  }
  return certificate;
}
