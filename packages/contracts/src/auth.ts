import { Type, type Static } from '@sinclair/typebox';

export const LoginBody = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254, format: 'email' }), password: Type.String({ minLength: 1, maxLength: 512 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const TokenResponse = Type.Object(
  { accessToken: Type.String(), expiresIn: Type.Integer({ description: 'seconds' }) },
  { additionalProperties: false },
);
export type TokenResponse = Static<typeof TokenResponse>;
