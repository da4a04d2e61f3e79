// /docs: the interactive API reference (Swagger UI, bundled from npm and served from our own
// origin) over the same document GET /v1/openapi.json serves, so it cannot drift from the API.
import SwaggerUIBundle from 'swagger-ui-dist/swagger-ui-es-bundle.js';
import 'swagger-ui-dist/swagger-ui.css';
import './reference.css';

const root = document.getElementById('reference');
if (root === null) throw new Error('the reference page has no #reference element');

SwaggerUIBundle({
  url: '/v1/openapi.json',
  domNode: root,
  deepLinking: true,
  // The token stays in this tab's memory only: nothing of it is written to storage.
  persistAuthorization: false,
  displayRequestDuration: true,
  // No badge from swagger.io's validator: the page makes no request beyond its own origin.
  validatorUrl: null,
});
