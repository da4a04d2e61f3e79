// The city an operator script acts on (issue 24 §1): `--city <id>` (default liaocheng, the city of
// every deployment before cities existed), or `--all-cities` where the script offers it.
import { type CityId, DEFAULT_CITY, cityId } from '../../events/cities';

/** The city (or 'all' for --all-cities) and the other arguments; cities undefined: the flags are wrong (an unknown city, both flags). */
export const splitCities = (argv: readonly string[]): { cities: CityId | 'all' | undefined; rest: string[] } => {
  const rest: string[] = [];
  let city: string | undefined;
  let all = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--city') city = argv[++i] ?? '';
    else if (arg === '--all-cities') all = true;
    else rest.push(arg);
  }
  if (all) return { cities: city === undefined ? 'all' : undefined, rest };
  const parsed = cityId.safeParse(city ?? DEFAULT_CITY);
  return { cities: parsed.success ? parsed.data : undefined, rest };
};
