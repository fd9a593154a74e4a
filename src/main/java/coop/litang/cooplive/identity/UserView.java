package coop.litang.cooplive.identity;

import java.util.UUID;

/**
 * A user as others may see it: never the password hash.
 *
 * @param id its id
 * @param username the sign-in name
 * @param role its role
 * @param memberId the member household a host acts for, else {@code null}
 * @param enabled whether it may sign in
 */
public record UserView(UUID id, String username, Role role, UUID memberId, boolean enabled) {
}
