// The apiFiles Lambda: the routes of routes/api-files-group.ts, which read or write CSV/XLSX.
import { lambdaHandler } from './lambda';
import { apiFilesGroup } from './routes/api-files-group';

export const handler = lambdaHandler(apiFilesGroup);
