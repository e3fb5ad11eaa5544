import packageJson from '../../package.json' with { type: 'json' }

/** The API version reported by /health and the OpenAPI document: the package version. */
export const VERSION: string = packageJson.version
