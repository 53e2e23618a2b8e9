import { z } from 'zod';

export const ShipmentsQuery = z.object({ orderId: z.uuid() });
