import { describe, expect, it } from 'vitest';
import { isSearchable } from '../../../src/lib/content/searchScope';

describe('isSearchable', () => {
  it.each(['/moderate/', '/moderate', '/moderate/queue/', '/share/', '/share/status/', '/voices/', '/voices/abc/', '/search/', '/404.html', '/poems/theme/trust/', '/resources/topic/consent/', '/resources/audience/professionals/', '/ar/share/', '/ur/share/status/', '/sk/voices/abc/', '/pl/search/', '/ar/404/', '/ar/500/', '/ar/poems/theme/trust/'])(
    'keeps %s out of the index',
    (path) => expect(isSearchable(path)).toBe(false),
  );

  it.each(['/', '/resources/', '/resources/how-grooming-works/', '/poems/mirror/', '/participation/', '/moderately-useful/', '/shared-reading/', '/searching/', '/ar/', '/ur/help/', '/sk/poems/mirror/', '/pl/safety/', '/arts/share/'])(
    'indexes %s',
    (path) => expect(isSearchable(path)).toBe(true),
  );
});
