// Just enough of Hono's types to compile the Hono snippet without installing Hono.
export declare class Hono<E extends { Bindings: unknown }> {
  all(path: string, handler: (c: { req: { raw: Request }; env: E['Bindings'] }) => Response | Promise<Response>): this;
}
