// The few options of Swagger UI's ES bundle that the reference page sets (swagger-ui-dist ships no types).
declare module 'swagger-ui-dist/swagger-ui-es-bundle.js' {
  interface SwaggerOptions {
    url: string;
    domNode: HTMLElement;
    deepLinking?: boolean;
    persistAuthorization?: boolean;
    displayRequestDuration?: boolean;
    validatorUrl?: string | null;
  }
  const SwaggerUIBundle: (options: SwaggerOptions) => unknown;
  export default SwaggerUIBundle;
}
