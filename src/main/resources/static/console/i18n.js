// The console's words, Chinese first. A key missing in English falls back to Chinese.
const TEXTS = {
  zh: {
    brand: '理塘合作社 · 主播控制台',
    loading: '加载中…',
    signOut: '退出',
    'signIn.title': '主播登录',
    'signIn.username': '用户名',
    'signIn.password': '密码',
    'signIn.submit': '登录',
    'signIn.expired': '登录已过期，请重新登录。',
    'signIn.signedOut': '已退出。',
    'sessions.mine': '我的直播场次',
    'sessions.all': '全部直播场次',
    'sessions.new': '新建场次',
    'sessions.empty': '还没有场次。',
    'sessions.created': '场次已保存。',
    'status.all': '全部',
    'status.SCHEDULED': '待开播',
    'status.LIVE': '直播中',
    'status.ENDED': '已结束',
    'channel.DOUYIN': '抖音',
    'channel.KUAISHOU': '快手',
    'channel.WECHAT_CHANNELS': '微信视频号',
    'channel.TAOBAO_LIVE': '淘宝直播',
    'channel.OTHER': '其他',
    'pager.prev': '上一页',
    'pager.next': '下一页',
    'pager.info': '第 {page} / {pages} 页',
    'newSession.title': '新建场次',
    'newSession.submit': '保存',
    'newSession.cancel': '取消',
    'field.title': '标题',
    'field.channel': '平台',
    'field.roomLink': '直播间链接',
    'field.scheduledStart': '计划开播时间（北京时间）',
    'field.hostMemberId': '主播成员编号',
    'session.start': '开播：{time}',
    'session.started': '开播于 {time}',
    'session.ended': '结束于 {time}',
    'session.lineup': '{count} 件商品，{price} 起',
    'session.noLineup': '还没有上架商品',
    'session.room': '打开直播间',
    'who.HOST': '{name} · 主播',
    'who.ADMIN': '{name} · 管理员',
    'who.ACCOUNTANT': '{name} · 会计',
    'problem.INVALID_CREDENTIALS': '用户名或密码不对。',
    'problem.SIGN_IN_THROTTLED': '登录失败次数太多，请 {seconds} 秒后再试。',
    'problem.SIGN_IN_BUSY': '现在登录的人太多，请 {seconds} 秒后再试。',
    'problem.NETWORK': '连不上服务器，请检查网络后再试。',
    'problem.FORBIDDEN': '您的角色不能做这件事。',
    'problem.RETRY': '请 {seconds} 秒后再试。',
    'problem.INVALID_INPUT': '请检查标出的内容。',
    'validation.must not be blank': '必填',
    'validation.must not be null': '必填',
    'validation.is invalid': '格式不对',
    'required': '必填',
  },
  en: {
    brand: 'Litang co-op · Hosts',
    loading: 'Loading…',
    signOut: 'Sign out',
    'signIn.title': 'Host sign-in',
    'signIn.username': 'Username',
    'signIn.password': 'Password',
    'signIn.submit': 'Sign in',
    'signIn.expired': 'Your sign-in expired; please sign in again.',
    'signIn.signedOut': 'Signed out.',
    'sessions.mine': 'My sessions',
    'sessions.all': 'All sessions',
    'sessions.new': 'New session',
    'sessions.empty': 'No sessions yet.',
    'sessions.created': 'Session saved.',
    'status.all': 'All',
    'status.SCHEDULED': 'Scheduled',
    'status.LIVE': 'Live',
    'status.ENDED': 'Ended',
    'channel.DOUYIN': 'Douyin',
    'channel.KUAISHOU': 'Kuaishou',
    'channel.WECHAT_CHANNELS': 'WeChat Channels',
    'channel.TAOBAO_LIVE': 'Taobao Live',
    'channel.OTHER': 'Other',
    'pager.prev': 'Previous',
    'pager.next': 'Next',
    'pager.info': 'Page {page} of {pages}',
    'newSession.title': 'New session',
    'newSession.submit': 'Save',
    'newSession.cancel': 'Cancel',
    'field.title': 'Title',
    'field.channel': 'Channel',
    'field.roomLink': 'Room link',
    'field.scheduledStart': 'Scheduled start (Beijing time)',
    'field.hostMemberId': 'Host member id',
    'session.start': 'Starts {time}',
    'session.started': 'Live since {time}',
    'session.ended': 'Ended {time}',
    'session.lineup': '{count} items, from {price}',
    'session.noLineup': 'No items in the line-up yet',
    'session.room': 'Open the live room',
    'who.HOST': '{name} · host',
    'who.ADMIN': '{name} · admin',
    'who.ACCOUNTANT': '{name} · accountant',
    'problem.INVALID_CREDENTIALS': 'Wrong username or password.',
    'problem.SIGN_IN_THROTTLED': 'Too many failed sign-ins; try again in {seconds} s.',
    'problem.SIGN_IN_BUSY': 'Too many sign-ins right now; try again in {seconds} s.',
    'problem.NETWORK': 'The server cannot be reached; check the connection and try again.',
    'problem.FORBIDDEN': 'Your role may not do this.',
    'problem.RETRY': 'Try again in {seconds} s.',
    'problem.INVALID_INPUT': 'Please check the marked fields.',
    required: 'required',
  },
};

const STORE = 'cooplive.console.lang';

let current = localStorage.getItem(STORE) === 'en' ? 'en' : 'zh';

export function lang() {
  return current;
}

export function setLang(next) {
  current = next === 'en' ? 'en' : 'zh';
  localStorage.setItem(STORE, current);
}

/** The text of a key in the current language, with {name} placeholders filled. */
export function t(key, values = {}) {
  const text = TEXTS[current][key] ?? TEXTS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** Whether the current language has a text of its own for the key. */
export function has(key) {
  return key in TEXTS[current];
}

/** Writes the texts of every element marked data-i18n under root. */
export function translate(root = document) {
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
}
