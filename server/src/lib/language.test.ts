import { describe, expect, it } from 'vitest';
import { languageOf } from './language.ts';

describe('languageOf (Accept-Language → nl, fr or en, by negotiator)', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr-BE,fr;q=0.9', 'fr'],
    ['nl', 'nl'],
    ['NL-be', 'nl'],
    ['en-GB,en;q=0.9,nl;q=0.8', 'en'],
    ['de-DE,de;q=0.9,fr;q=0.5,nl;q=0.4', 'fr'],
    ['de, es', 'en'],
    ['*', 'en'],
    ['fr;q=0.5, nl;q=0.8', 'nl'],
    ['fr;q=0.8, nl;q=0.8', 'fr'],
    ['fr;q=0, nl;q=0.1', 'nl'],
    ['fr;q=0', 'en'],
    ['fr;q=abc, nl;q=0.2', 'nl'],
    ['  fr-CA ; q=0.7 ,en;q=0.6', 'fr'],
    ['french, nl', 'nl'],
  ] as const)('%j → %s', (header, language) => {
    expect(languageOf(header)).toBe(language);
  });

  it('takes a header given more than once as one list', () => {
    expect(languageOf(['de', 'fr;q=0.3, nl;q=0.2'])).toBe('fr');
  });
});
