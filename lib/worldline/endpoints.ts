/**
 * Worldline Direct's Payments API per environment (docs/worldline.md, "The Payments API client",
 * for the sources). An account may override it (a local fake); the override is used as given.
 */
export const WORLDLINE_API_ENDPOINTS = {
  test: 'https://payment.preprod.direct.worldline-solutions.com',
  prod: 'https://payment.direct.worldline-solutions.com',
} as const;

export type WorldlineEnvironment = keyof typeof WORLDLINE_API_ENDPOINTS;

export const worldlineApiEndpoint = (
  environment: WorldlineEnvironment,
  override?: string,
): string => override ?? WORLDLINE_API_ENDPOINTS[environment];
