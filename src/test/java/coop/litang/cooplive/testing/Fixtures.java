package coop.litang.cooplive.testing;

import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import coop.litang.cooplive.identity.IdentityManagement;
import coop.litang.cooplive.identity.NewUser;
import coop.litang.cooplive.identity.Role;
import coop.litang.cooplive.identity.TokenRequest;
import coop.litang.cooplive.members.MemberDetails;
import coop.litang.cooplive.members.MemberView;
import coop.litang.cooplive.members.MembersManagement;
import coop.litang.cooplive.members.TownshipDetails;
import coop.litang.cooplive.members.VillageDetails;
import coop.litang.cooplive.members.VillageView;
import org.springframework.boot.test.context.TestComponent;

/**
 * Creates the data a test needs through the modules' own APIs, with unique codes, phones
 * and usernames so tests sharing a database never collide.
 */
@TestComponent
public class Fixtures {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1_000_000);

	private final MembersManagement members;

	private final IdentityManagement identity;

	Fixtures(MembersManagement members, IdentityManagement identity) {
		this.members = members;
		this.identity = identity;
	}

	/** A short unique suffix for codes and names. */
	public static String unique() {
		return Long.toString(SEQUENCE.incrementAndGet(), 36).toUpperCase();
	}

	/** A unique, valid mainland mobile number. */
	public static String uniquePhone() {
		return "139" + String.format("%08d", SEQUENCE.incrementAndGet() % 100_000_000);
	}

	public VillageView village() {
		var township = this.members.createTownship(new TownshipDetails("T" + unique(), "测试乡", "Test township"))
			.block(WAIT);
		return this.members.createVillage(new VillageDetails(township.id(), "V" + unique(), "测试村", "Test village"))
			.block(WAIT);
	}

	public MemberView member(boolean host) {
		return this.members
			.createMember(new MemberDetails("Member " + unique(), uniquePhone(), village().id(), true, host,
					LocalDate.of(2024, 1, 1)))
			.block(WAIT);
	}

	/**
	 * A bearer token of a new user with the role; a host gets a member household of its
	 * own.
	 */
	public String token(Role role) {
		return token(role, (role == Role.HOST) ? member(true).id() : null);
	}

	/** A bearer token of a new host user acting for the given member. */
	public String token(Role role, UUID memberId) {
		String username = role.name().toLowerCase() + "-" + unique().toLowerCase();
		String password = "password-" + unique();
		this.identity.createUser(new NewUser(username, password, role, memberId)).block(WAIT);
		return this.identity.issueToken(new TokenRequest(username, password)).block(WAIT).accessToken();
	}

}
