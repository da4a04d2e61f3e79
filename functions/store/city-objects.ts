// Write-once objects per city (issue 24 §1): the seals and the archive of each city live under
// `<city>/` in the same bucket (locally the same DATA_DIR subdirectory), the current city
// (functions/shared/city-scope.ts) chosen at each call, as the DynamoDB client chooses its key range.
// So the seal job, the archive job, verify and the restore drill, run inside withCity(city), read and
// write only that city's seals and archives: `seals/<city>/<yyyy>/<date>.json`,
// `archive/<city>/<month>/…`, `archive/<city>/annual/<year>/…`.
// Backward compatible: the objects written before cities existed stay where they are (Object Lock
// forbids moving them, and the migration does not): at the top of the bucket, `<yyyy>/<date>.json`,
// `<month>/…`, `annual/<year>/…`. They are liaocheng's: liaocheng reads a key under `liaocheng/`
// first, then at the top; it lists both. Every new object, liaocheng's too, is written under its city.
import { CITY_IDS, type CityId, DEFAULT_CITY } from '../../events/cities';
import { currentCity } from '../shared/city-scope';
import type { LockedObjects } from './locked-objects';

/** The city whose objects were written before cities existed, at the top of the bucket. */
export const LEGACY_OBJECTS_CITY: CityId = DEFAULT_CITY;

const cityFolders = new Set<string>(CITY_IDS);
/** A key of the old layout: its first segment is not a city (a year, a month or `annual`). */
const isLegacyKey = (key: string): boolean => !cityFolders.has(key.slice(0, key.indexOf('/')));

export const cityObjectKey = (city: CityId, key: string): string => `${city}/${key}`;

export const cityScopedObjects = (objects: LockedObjects): LockedObjects => ({
  get location() {
    return `${objects.location}/${currentCity()}`;
  },
  put: (key, body, options) => objects.put(cityObjectKey(currentCity(), key), body, options),
  async get(key) {
    const city = currentCity();
    const scoped = await objects.get(cityObjectKey(city, key));
    if (scoped !== undefined || city !== LEGACY_OBJECTS_CITY) return scoped;
    return objects.get(key);
  },
  async list(prefix) {
    const city = currentCity();
    const folder = cityObjectKey(city, '');
    const scoped = (await objects.list(cityObjectKey(city, prefix))).map((key) => key.slice(folder.length));
    if (city !== LEGACY_OBJECTS_CITY) return scoped;
    const legacy = (await objects.list(prefix)).filter(isLegacyKey);
    return [...new Set([...legacy, ...scoped])].sort();
  },
});
