// Hash routes (#/scans/12?tab=diff): the page is chosen in the browser, so the gateway serves one
// index.html and no route ever reaches a server. Pure: the unit tests run it in Node.

/** {path: ['scans', '12'], query: URLSearchParams} of a location hash. */
export function parseHash(hash) {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

/** The first route whose pattern matches path, with the values of its :parameters; null for none. */
export function match(routes, path) {
  for (const route of routes) {
    const parts = route.pattern.split('/').filter(Boolean);
    if (parts.length !== path.length) continue;
    const params = {};
    if (parts.every((part, index) => (part.startsWith(':') ? (params[part.slice(1)] = path[index]) !== undefined
      : part === path[index]))) {
      return { route, params };
    }
  }
  return null;
}

/** A hash with a query: href('inventory/s3', {public: 'true', region: ''}) → '#/inventory/s3?public=true'. */
export function href(path, query = {}) {
  const search = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== '' && value != null));
  const text = search.toString();
  return `#/${path}${text ? `?${text}` : ''}`;
}
