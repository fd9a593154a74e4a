package coop.litang.cooplive.buyers;

import java.time.Duration;

import coop.litang.cooplive.shared.Secrets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How buyers prove a phone number and how long the proof lasts.
 *
 * @param tokenSecret key signing buyer tokens and hashing stored codes, at least 32
 * bytes; the development default is accepted only under the {@code dev} profile
 * @param tokenTtl how long a buyer token is valid
 * @param codeTtl how long a code sent by SMS can be confirmed
 * @param codeTries wrong codes one code allows; past them it is withdrawn
 * @param resendAfter how long a number waits before it is sent another code
 * @param codesPerDay codes one number is sent per calendar day in China (Asia/Shanghai)
 */
@ConfigurationProperties("cooplive.buyers")
record BuyerSettings(String tokenSecret, @DefaultValue("6h") Duration tokenTtl, @DefaultValue("5m") Duration codeTtl,
		@DefaultValue("5") int codeTries, @DefaultValue("60s") Duration resendAfter,
		@DefaultValue("5") int codesPerDay) {

	/** Only for development and tests: the {@code dev} profile's value. */
	static final String DEV_SECRET = "cooplive-buyer-token-development-secret-0123456789";

	BuyerSettings {
		Secrets.requireUsable("cooplive.buyers.token-secret", "COOPLIVE_BUYER_TOKEN_SECRET", tokenSecret);
		requirePositive("token-ttl", tokenTtl);
		requirePositive("code-ttl", codeTtl);
		requirePositive("resend-after", resendAfter);
		if (codeTries < 1 || codesPerDay < 1) {
			throw new IllegalArgumentException("cooplive.buyers.code-tries and codes-per-day must be at least 1");
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("cooplive.buyers." + name + " must be positive");
		}
	}

	@Override
	public String toString() {
		return "BuyerSettings[tokenTtl=" + this.tokenTtl + ", codeTtl=" + this.codeTtl + ", codeTries=" + this.codeTries
				+ ", resendAfter=" + this.resendAfter + ", codesPerDay=" + this.codesPerDay + "]";
	}

}
