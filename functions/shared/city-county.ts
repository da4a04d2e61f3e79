// A county judged against the city a request or command runs in (currentCity()): events accept any
// city's county code (events/primitives.ts), so the API's schemas and the command layer are where a
// Jinan code is refused in Liaocheng.
import * as z from 'zod';
import { countyCodesOf, isCountyOf } from '../../events/city-counties';
import { type DomainError, domainError } from '../../domain/errors';
import { COUNTY_CODE_PATTERN } from '../../events/primitives';
import { currentCity } from './city-scope';

/** The allowed codes as zod words them for an enum, so a refusal reads as it did when counties were one. */
const expected = (codes: readonly string[]): string => codes.map((c) => `"${c}"`).join('|');

/**
 * A county code of the current city, judged when a request is parsed (inside its city's scope).
 * Its JSON Schema is the code's shape; the list is the city's (GET /v1/city).
 */
export const cityCounty = z
  .string()
  .check((ctx) => {
    const city = currentCity();
    if (isCountyOf(city, ctx.value)) return;
    const codes = countyCodesOf(city);
    ctx.issues.push({ code: 'invalid_value', values: [...codes], input: ctx.value, message: `Invalid option: expected one of ${expected(codes)}` });
  })
  .meta({ pattern: COUNTY_CODE_PATTERN.source, description: "A county code of the caller's city (GET /v1/city lists them)" });

/** The command layer's refusal of a county the current city does not have (422), or undefined when it has it. */
export const countyRefusal = (county: string | undefined, field = 'borrower.county'): DomainError | undefined => {
  if (county === undefined) return undefined;
  const city = currentCity();
  if (isCountyOf(city, county)) return undefined;
  const codes = countyCodesOf(city);
  return domainError('unknown-county', `${county} is not a county of ${city}; expected one of ${codes.join(', ')}`, { field, limit: codes.join(', '), actual: county });
};
