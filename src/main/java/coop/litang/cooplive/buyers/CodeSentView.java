package coop.litang.cooplive.buyers;

/**
 * A code is on its way.
 *
 * @param phone the number, its middle digits hidden
 * @param expiresInSeconds how long the code can be confirmed
 * @param resendAfterSeconds how long before another code may be asked for
 */
record CodeSentView(String phone, long expiresInSeconds, long resendAfterSeconds) {
}
