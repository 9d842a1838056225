/** Words for the audit page: chain break reasons and datetime-local → ISO 8601. */

export const BREAK_REASONS: Record<string, string> = {
  hash_mismatch: '该条记录的内容与其哈希不符（记录可能被篡改）',
  prev_hash_mismatch: '链条在此处断开：前一条记录缺失或顺序被改动',
  unknown_anchor: '链条起点不是已知的归档锚点',
  unkeyed_row: '启用密钥后出现了未用密钥签名的记录',
  truncated: '链条在外部锚定的最新记录之前就结束了（末尾记录可能被删除）',
  head_mismatch: '外部锚定的最新记录已被改动',
  anchor_invalid: '锚点文件不是用审计密钥签名的',
};

export function breakReason(reason: string | undefined): string {
  if (!reason) return '原因未知';
  return BREAK_REASONS[reason] ?? reason;
}

/** A `<input type="datetime-local">` value (local time) as ISO 8601, or undefined when empty. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
