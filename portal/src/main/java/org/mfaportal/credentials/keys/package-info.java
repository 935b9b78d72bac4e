/**
 * The short-lived access keys behind every issuance (decision 0003): {@link org.mfaportal.credentials.keys.ShortLivedKeys}
 * creates one for the engineer's IAM user, waits until AWS accepts it, lends it to one STS call and deletes it in every
 * outcome; {@link org.mfaportal.credentials.keys.AccessKeyLedger} records it before it exists, so that
 * {@link org.mfaportal.credentials.keys.AccessKeySweeper} removes what a crash left; {@link
 * org.mfaportal.credentials.keys.PreparedKeys} keeps a key made ahead of the code, sealed by
 * {@link org.mfaportal.credentials.keys.SecretSealer}. Keys of the engineer's own are never touched.
 */
package org.mfaportal.credentials.keys;
