import {
  WECOM_TEXT_MAX_BYTES,
  checkRobotReply,
  dingtalkSignedUrl,
  robotRequest,
  truncateUtf8,
} from './webhook-message';

const TEXT = '【学习提醒】明天 09:00 局党组理论学习中心组集体学习，地点：三楼会议室。';

describe('group-robot messages', () => {
  it('posts WeCom text messages to the configured URL as is', () => {
    const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123';
    expect(robotRequest({ url, format: 'wecom', secret: null }, TEXT, 0)).toEqual({
      url,
      body: { msgtype: 'text', text: { content: TEXT } },
    });
  });

  it('posts DingTalk text messages, unsigned without a secret', () => {
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=tok';
    expect(robotRequest({ url, format: 'dingtalk', secret: null }, TEXT, 0)).toEqual({
      url,
      body: { msgtype: 'text', text: { content: TEXT } },
    });
  });

  it('signs DingTalk posts as DingTalk documents it (vector computed with openssl)', () => {
    // printf '1700000000000\nSEC0123456789abcdef' | openssl dgst -sha256 -hmac 'SEC0123456789abcdef' -binary | base64
    const signed = robotRequest(
      {
        url: 'https://oapi.dingtalk.com/robot/send?access_token=tok',
        format: 'dingtalk',
        secret: 'SEC0123456789abcdef',
      },
      TEXT,
      1_700_000_000_000,
    );
    expect(signed.url).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=tok&timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D',
    );
    expect(signed.body).toEqual({ msgtype: 'text', text: { content: TEXT } });
    const params = new URL(signed.url).searchParams;
    expect(params.get('sign')).toBe('TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=');
  });

  it('replaces an earlier timestamp and sign instead of adding a second pair', () => {
    const once = dingtalkSignedUrl('http://127.0.0.1:9/robot?access_token=t', 's', 1);
    const twice = dingtalkSignedUrl(once, 's', 2);
    const params = new URL(twice).searchParams;
    expect(params.getAll('timestamp')).toEqual(['2']);
    expect(params.getAll('sign')).toHaveLength(1);
  });

  it('cuts WeCom texts to 2048 UTF-8 bytes at a character boundary, DingTalk texts not', () => {
    const long = '学'.repeat(1000); // 3000 bytes
    const wecom = robotRequest({ url: 'http://x', format: 'wecom', secret: null }, long, 0);
    const content = wecom.body.text.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(WECOM_TEXT_MAX_BYTES);
    expect(content.endsWith('…')).toBe(true);
    expect(content).toBe(`${'学'.repeat(681)}…`);
    const ding = robotRequest({ url: 'http://x', format: 'dingtalk', secret: null }, long, 0);
    expect(ding.body.text.content).toBe(long);
  });

  it.each([
    ['short text', 'abc', 10, 'abc'],
    ['exactly the limit', 'abcd', 4, 'abcd'],
    ['ASCII', 'abcdefgh', 6, 'abc…'],
    ['no half characters', '法律法规', 8, '法…'],
    ['no half surrogate pairs', '😀😀😀', 9, '😀…'],
  ])('truncateUtf8: %s', (_name, text, max, expected) => {
    expect(truncateUtf8(text, max)).toBe(expected);
  });

  it('checkRobotReply accepts HTTP 200 with errcode 0', () => {
    expect(() => checkRobotReply(200, '{"errcode":0,"errmsg":"ok"}')).not.toThrow();
  });

  it.each([
    [500, 'upstream error', /HTTP 500: upstream error/],
    [404, '', /HTTP 404/],
    [200, '{"errcode":93000,"errmsg":"invalid webhook url"}', /errcode 93000 invalid webhook url/],
    [200, '{"errcode":310000,"errmsg":"sign not match"}', /errcode 310000/],
    [200, '{"errmsg":"ok"}', /errcode undefined/],
    [200, 'null', /errcode undefined/],
    [200, '<html>ok</html>', /without JSON/],
  ])('checkRobotReply(%d, %s) throws, so the job is retried', (status, body, error) => {
    expect(() => checkRobotReply(status, body)).toThrow(error);
  });
});
