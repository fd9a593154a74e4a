package coop.litang.cooplive.identity;

/**
 * A signed access token to send as {@code Authorization: Bearer <accessToken>}.
 *
 * @param accessToken the JWT
 * @param tokenType always {@code Bearer}
 * @param expiresIn seconds until it expires
 * @param role the role it carries
 */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, Role role) {
}
