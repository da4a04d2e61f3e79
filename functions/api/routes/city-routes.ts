// The caller's city (issue 24 §1): its name and its counties, so the dashboard and clients name the
// counties of the signed-in city instead of carrying one city's list.
import { CITY_NAMES_ZH } from '../../../events/cities';
import { cityNameEn, countiesOf } from '../../../events/city-counties';
import { currentCity } from '../../shared/city-scope';
import { cityResponse } from '../responses';
import { defineRoute, type Route } from '../route';
import { ROLES } from '../auth';
import { json } from './helpers';

export const cityRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/v1/city',
    summary: "The caller's city: its name and its counties, districts and zones (code and name), in the official order",
    tag: 'system',
    // Every signed-in role names counties (the province's too: its own scope's city).
    roles: ROLES,
    successStatus: 200,
    response: cityResponse,
    handler: async () => {
      const city = currentCity();
      return json({ cityId: city, name: CITY_NAMES_ZH[city], nameEn: cityNameEn(city), counties: countiesOf(city).map((c) => ({ code: c.code, name: c.name, nameEn: c.nameEn })) });
    },
  }),
];
