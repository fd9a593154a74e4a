package coop.litang.cooplive.buyers;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import coop.litang.cooplive.shared.InvalidInput;
import coop.litang.cooplive.shared.PhoneNumber;
import coop.litang.cooplive.shared.TooManyRequests;
import coop.litang.cooplive.shared.Unavailable;
import coop.litang.cooplive.testing.AliyunSmsFake;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter signs requests as Aliyun's documentation says, shown on the documentation's
 * own examples; the fake's independent check agrees on them, so the fake accepting the
 * adapter's requests means the signature is right.
 */
class AliyunSignatureTests {

	// the SendSms example of Aliyun SMS's signature documentation (document 56189,
	// "HTTP协议及签名"): AccessKey testId / testSecret
	private static final Map<String, String> SEND_SMS_EXAMPLE = Map.ofEntries(Map.entry("AccessKeyId", "testId"),
			Map.entry("Action", "SendSms"), Map.entry("Format", "XML"), Map.entry("OutId", "123"),
			Map.entry("PhoneNumbers", "15300000001"), Map.entry("RegionId", "cn-hangzhou"),
			Map.entry("SignName", "阿里云短信测试专用"), Map.entry("SignatureMethod", "HMAC-SHA1"),
			Map.entry("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"), Map.entry("SignatureVersion", "1.0"),
			Map.entry("TemplateCode", "SMS_71390007"), Map.entry("TemplateParam", "{\"customer\":\"test\"}"),
			Map.entry("Timestamp", "2017-07-12T02:42:19Z"), Map.entry("Version", "2017-05-25"));

	private static final String SEND_SMS_STRING_TO_SIGN = "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms"
			+ "%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D"
			+ "%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF"
			+ "%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D45e25e9b-0a6f-"
			+ "4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007%26TemplateParam%3D"
			+ "%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp%3D2017-07-12T02%253A42%253A19Z"
			+ "%26Version%3D2017-05-25";

	// the DescribeRegions example of Aliyun's RPC signature documentation: testid /
	// testsecret
	private static final Map<String, String> DESCRIBE_REGIONS_EXAMPLE = Map.of("AccessKeyId", "testid", "Action",
			"DescribeRegions", "Format", "XML", "SignatureMethod", "HMAC-SHA1", "SignatureNonce",
			"3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "SignatureVersion", "1.0", "Timestamp", "2016-02-23T12:46:24Z",
			"Version", "2014-05-26");

	@Test
	void signsTheDocumentedSendSmsExample() {
		assertThat(AliyunSignature.stringToSign("GET", SEND_SMS_EXAMPLE)).isEqualTo(SEND_SMS_STRING_TO_SIGN);
		assertThat(AliyunSignature.signature("GET", SEND_SMS_EXAMPLE, "testSecret"))
			.isEqualTo("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
		assertThat(AliyunSignature.signedForm("GET", SEND_SMS_EXAMPLE, "testSecret"))
			.startsWith("Signature=zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D&AccessKeyId=testId&Action=SendSms&");
	}

	@Test
	void signsTheDocumentedRpcExample() {
		assertThat(AliyunSignature.signature("GET", DESCRIBE_REGIONS_EXAMPLE, "testsecret"))
			.isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
	}

	@Test
	void percentEncodesAsAliyunDoes() {
		assertThat(AliyunSignature.percentEncode("a b")).isEqualTo("a%20b");
		assertThat(AliyunSignature.percentEncode("*")).isEqualTo("%2A");
		assertThat(AliyunSignature.percentEncode("~-_.AZaz09")).isEqualTo("~-_.AZaz09");
		assertThat(AliyunSignature.percentEncode("/=&+:")).isEqualTo("%2F%3D%26%2B%3A");
		assertThat(AliyunSignature.percentEncode("派")).isEqualTo("%E6%B4%BE");
		assertThat(AliyunSignature.percentEncode("{\"code\":\"012345\"}")).isEqualTo("%7B%22code%22%3A%22012345%22%7D");
	}

	@Test
	void theFakeChecksSignaturesByTheSameDocumentedExamples() {
		Map<String, String> signed = new HashMap<>(SEND_SMS_EXAMPLE);
		signed.put("Signature", "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
		assertThat(AliyunSmsFake.signatureMatches("GET", signed, "testSecret")).isTrue();
		assertThat(AliyunSmsFake.signatureMatches("POST", signed, "testSecret")).isFalse();
		assertThat(AliyunSmsFake.signatureMatches("GET", signed, "testsecret")).isFalse();
		signed.put("PhoneNumbers", "15300000002");
		assertThat(AliyunSmsFake.signatureMatches("GET", signed, "testSecret")).isFalse();
		Map<String, String> regions = new HashMap<>(DESCRIBE_REGIONS_EXAMPLE);
		regions.put("Signature", "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
		assertThat(AliyunSmsFake.signatureMatches("GET", regions, "testsecret")).isTrue();
	}

	@Test
	void theAdaptersRequestsCarryEveryParameterAndASignatureTheFakeAccepts() {
		AliyunSms sms = new AliyunSms(
				new SmsSettings.Aliyun(AliyunSmsFake.ACCESS_KEY_ID, AliyunSmsFake.ACCESS_KEY_SECRET,
						AliyunSmsFake.SIGN_NAME, AliyunSmsFake.TEMPLATE_CODE, "http://127.0.0.1:1", "cn-hangzhou"),
				Duration.ofSeconds(1), Clock.systemUTC());
		try {
			Map<String, String> parameters = sms.parameters(new PhoneNumber("13900000042"), "012345");
			assertThat(parameters).containsEntry("Action", "SendSms")
				.containsEntry("Version", "2017-05-25")
				.containsEntry("PhoneNumbers", "13900000042")
				.containsEntry("SignName", AliyunSmsFake.SIGN_NAME)
				.containsEntry("TemplateCode", AliyunSmsFake.TEMPLATE_CODE)
				.containsEntry("TemplateParam", "{\"code\":\"012345\"}")
				.containsEntry("Format", "JSON")
				.containsEntry("RegionId", "cn-hangzhou")
				.containsEntry("SignatureMethod", "HMAC-SHA1")
				.containsEntry("SignatureVersion", "1.0")
				.containsKeys("SignatureNonce", "Timestamp", "AccessKeyId");
			assertThat(parameters.get("Timestamp")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
			Map<String, String> signed = new HashMap<>(parameters);
			signed.put("Signature", AliyunSignature.signature("POST", parameters, AliyunSmsFake.ACCESS_KEY_SECRET));
			assertThat(AliyunSmsFake.signatureMatches("POST", signed, AliyunSmsFake.ACCESS_KEY_SECRET)).isTrue();
		}
		finally {
			sms.close();
		}
	}

	@Test
	void aliyunsCodesBecomeClearAnswers() {
		assertThat(AliyunSms.refusal("isv.BUSINESS_LIMIT_CONTROL")).isInstanceOfSatisfying(TooManyRequests.class,
				(refusal) -> {
					assertThat(refusal.code()).isEqualTo("SMS_THROTTLED");
					assertThat(refusal.retryAfter()).isPositive();
				});
		assertThat(AliyunSms.refusal("isv.MOBILE_NUMBER_ILLEGAL")).isInstanceOfSatisfying(InvalidInput.class,
				(refusal) -> assertThat(refusal.fieldErrors()).containsOnlyKeys("phone"));
		for (String code : new String[] { "isv.AMOUNT_NOT_ENOUGH", "isv.OUT_OF_SERVICE", "SignatureDoesNotMatch",
				"InvalidAccessKeyId.NotFound", "isv.SMS_TEMPLATE_ILLEGAL", "isv.DAY_LIMIT_CONTROL", "Throttling.User",
				"isp.SYSTEM_ERROR", "null" }) {
			assertThat(AliyunSms.refusal(code)).as(code)
				.isInstanceOfSatisfying(Unavailable.class,
						(refusal) -> assertThat(refusal.code()).isEqualTo("SMS_UNAVAILABLE"));
		}
	}

}
