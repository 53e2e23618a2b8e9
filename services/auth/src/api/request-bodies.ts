import { z } from 'zod';

export const RegisterBody = z.object({
  email: z.email().max(254),
  password: z.string().min(8).max(128),
  name: z.string().trim().min(1).max(100),
});

export const LoginBody = z.object({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(128),
});

export const RefreshTokenBody = z.object({
  refreshToken: z.string().min(1).max(512),
});
