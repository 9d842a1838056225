/**
 * The attempt key of one source and staff number. The staff number is hex-encoded so that the
 * keys of one staff number share a prefix nothing else can produce (see unlock).
 */
export function loginSourceKey(staffNo: string, ip: string): string {
  return `${loginSourcePrefix(staffNo)}${ip}`;
}

export function loginSourcePrefix(staffNo: string): string {
  return `login:${Buffer.from(staffNo, 'utf8').toString('hex')}:`;
}
