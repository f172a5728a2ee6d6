/** GET /api/openapi.json: the API's OpenAPI 3.1 description. */
import { openApiDocument } from '../../shared/http/openapi.js';
import { apiRoute, json } from './api-route.js';

apiRoute({
  name: 'openApi',
  method: 'GET',
  route: 'openapi.json',
  public: true,
  async handler() {
    return json(200, openApiDocument);
  },
});
