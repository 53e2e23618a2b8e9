import { storableText } from '@shop/service-kit';
import { z } from 'zod';

export const RegisterBody = z.object({
  email: z.email().max(254),
  password: storableText().min(8).max(128),
  name: storableText().trim().min(1).max(100),
});

export const LoginBody = z.object({
  email: storableText().min(1).max(254),
  password: storableText().min(1).max(128),
});

export const RefreshTokenBody = z.object({
  refreshToken: storableText().min(1).max(512),
});
