// Koa's types leave the parsed body to the body parser; ours always sets `ctx.request.body` (JSON or undefined).
declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}
export {};
