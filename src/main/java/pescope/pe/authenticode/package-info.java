/**
 * Authenticode: the PKCS#7 SignedData in the certificate table, decoded with BouncyCastle, and
 * the image hash ("authentihash") that a signature covers, computed from the file to say whether
 * the file still matches what was signed. Trust in the chain needs a trust store and is a separate
 * question: nothing here says a signer is trusted.
 */
package pescope.pe.authenticode;
