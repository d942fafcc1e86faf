// The validator the build generates next to this file (src/config/validator-code.ts).
import type { ValidateFunction } from 'ajv';

declare const validate: ValidateFunction;
export default validate;
