package coop.litang.cooplive.livestream;

/**
 * Where a session is streamed.
 */
public enum Channel {

	DOUYIN, KUAISHOU, WECHAT_CHANNELS, TAOBAO_LIVE, OTHER

}
