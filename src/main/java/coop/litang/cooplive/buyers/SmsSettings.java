package coop.litang.cooplive.buyers;

import java.time.Duration;
import java.util.Locale;

import coop.litang.cooplive.shared.Secrets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which SMS provider sends verification codes.
 *
 * @param provider {@code aliyun}, or {@code log} (the {@code dev} profile only: codes go
 * to the log); empty for none: then the {@code dev} profile logs codes and any other
 * answers {@code 503 SMS_NOT_CONFIGURED} when a code is asked for
 * @param aliyun the Aliyun SMS (Dysmsapi) account, template and address
 * @param timeout the most one call to the provider may take
 */
@ConfigurationProperties("cooplive.sms")
record SmsSettings(String provider, @DefaultValue Aliyun aliyun, @DefaultValue("5s") Duration timeout) {

	static final String ALIYUN = "aliyun";

	static final String LOG = "log";

	SmsSettings {
		provider = (provider == null || provider.isBlank()) ? null : provider.strip().toLowerCase(Locale.ROOT);
		if (provider != null && !ALIYUN.equals(provider) && !LOG.equals(provider)) {
			throw new IllegalArgumentException(
					"cooplive.sms.provider (COOPLIVE_SMS_PROVIDER) must be aliyun, log or empty, was " + provider);
		}
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("cooplive.sms.timeout must be positive");
		}
		if (ALIYUN.equals(provider)) {
			aliyun.requireComplete();
		}
	}

	/**
	 * An Aliyun SMS account.
	 *
	 * @param accessKeyId the AccessKey ID (of a RAM user allowed to send SMS)
	 * @param accessKeySecret its AccessKey secret
	 * @param signName the approved signature (签名) the messages carry
	 * @param templateCode the approved verification-code template ({@code SMS_…}), with
	 * one variable {@code ${code}}
	 * @param endpoint the API address
	 * @param region the region the account's SMS is served from
	 */
	record Aliyun(String accessKeyId, String accessKeySecret, String signName, String templateCode,
			@DefaultValue("https://dysmsapi.aliyuncs.com") String endpoint,
			@DefaultValue("cn-hangzhou") String region) {

		Aliyun {
			accessKeyId = blankToNull(accessKeyId);
			accessKeySecret = blankToNull(accessKeySecret);
			signName = blankToNull(signName);
			templateCode = blankToNull(templateCode);
			for (String value : new String[] { accessKeyId, accessKeySecret, signName, templateCode }) {
				if (value != null && Secrets.placeholder(value)) {
					throw new IllegalArgumentException("cooplive.sms.aliyun.* (COOPLIVE_SMS_ALIYUN_…) still holds a "
							+ "template's placeholder; set the value or leave it empty");
				}
			}
		}

		void requireComplete() {
			require(this.accessKeyId, "access-key-id", "ACCESS_KEY_ID");
			require(this.accessKeySecret, "access-key-secret", "ACCESS_KEY_SECRET");
			require(this.signName, "sign-name", "SIGN_NAME");
			require(this.templateCode, "template-code", "TEMPLATE_CODE");
		}

		private static void require(String value, String setting, String variable) {
			if (value == null) {
				throw new IllegalArgumentException("cooplive.sms.aliyun." + setting + " (COOPLIVE_SMS_ALIYUN_"
						+ variable + ") is not set while cooplive.sms.provider is aliyun");
			}
		}

		private static String blankToNull(String value) {
			return (value == null || value.isBlank()) ? null : value.strip();
		}

		@Override
		public String toString() {
			return "Aliyun[accessKeyId=" + this.accessKeyId + ", accessKeySecret="
					+ ((this.accessKeySecret != null) ? "set" : "none") + ", signName=" + this.signName
					+ ", templateCode=" + this.templateCode + ", endpoint=" + this.endpoint + ", region=" + this.region
					+ "]";
		}

	}

}
