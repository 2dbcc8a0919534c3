import { describe, expect, it } from 'vitest';
import { isSearchable } from '../../../src/lib/content/searchScope';

describe('isSearchable', () => {
  it.each(['/moderate/', '/moderate', '/moderate/queue/', '/share/', '/share/status/', '/voices/', '/voices/abc/', '/search/', '/404.html', '/poems/theme/trust/', '/resources/topic/consent/', '/resources/audience/professionals/'])(
    'keeps %s out of the index',
    (path) => expect(isSearchable(path)).toBe(false),
  );

  it.each(['/', '/resources/', '/resources/how-grooming-works/', '/poems/mirror/', '/participation/', '/moderately-useful/', '/shared-reading/', '/searching/'])(
    'indexes %s',
    (path) => expect(isSearchable(path)).toBe(true),
  );
});
