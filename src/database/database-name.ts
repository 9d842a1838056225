// Apart from database-setup so that a module can read it without loading the data source (and
// with it every entity).
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}
