/** GET /api/openapi.json: the API's OpenAPI 3.1 description, with the authentication schemes accepted here. */
import { readOptionalSetting } from '../../shared/config/registry.js';
import { servedOpenApiDocument } from '../../shared/http/openapi.js';
import { apiRoute, json } from './api-route.js';

apiRoute({
  name: 'openApi',
  method: 'GET',
  route: 'openapi.json',
  public: true,
  async handler() {
    return json(
      200,
      servedOpenApiDocument({ appServiceAuth: readOptionalSetting('appServiceAuth') === 'true' }),
    );
  },
});
