import { bearerMatches, routeLabel, UNMATCHED_ROUTE } from './route-label';

describe('routeLabel', () => {
  it('is the route template, with the router base prefixed', () => {
    expect(routeLabel('', '/api/v1/leaders/:id')).toBe('/api/v1/leaders/:id');
    expect(routeLabel('/api', '/v1/cases/:id')).toBe('/api/v1/cases/:id');
  });

  it('collapses anything no route matched into one label', () => {
    expect(routeLabel('', undefined)).toBe(UNMATCHED_ROUTE);
    expect(routeLabel('', '')).toBe(UNMATCHED_ROUTE);
    expect(routeLabel('', /regex/)).toBe(UNMATCHED_ROUTE);
  });

  it('drops doubled and trailing slashes but keeps the root', () => {
    expect(routeLabel('/', '/health/')).toBe('/health');
    expect(routeLabel('', '/')).toBe('/');
  });
});

describe('bearerMatches', () => {
  const equal = (a: string, b: string) => a === b;

  it('accepts the exact token after Bearer, whatever the scheme case', () => {
    expect(bearerMatches('Bearer s3cret-token-0123456789', 's3cret-token-0123456789', equal)).toBe(
      true,
    );
    expect(bearerMatches('bearer s3cret-token-0123456789', 's3cret-token-0123456789', equal)).toBe(
      true,
    );
  });

  it('refuses a missing header, another scheme or another token', () => {
    expect(bearerMatches(undefined, 'tok', equal)).toBe(false);
    expect(bearerMatches('Basic dG9rOg==', 'tok', equal)).toBe(false);
    expect(bearerMatches('Bearer other', 'tok', equal)).toBe(false);
    expect(bearerMatches('Bearer ', 'tok', equal)).toBe(false);
    expect(bearerMatches(['Bearer tok'], 'tok', equal)).toBe(false);
  });
});
