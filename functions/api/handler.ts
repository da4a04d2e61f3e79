// The main API Lambda: every route of routes/api-group.ts (all but apiFiles' files routes).
import { lambdaHandler } from './lambda';
import { apiGroup } from './routes/api-group';

export const handler = lambdaHandler(apiGroup);
