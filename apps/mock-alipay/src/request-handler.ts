/** What every server needs from the engine (`MockAlipayEngine` fits): one web-standard handler. */
export interface RequestHandler {
  handle(request: Request): Promise<Response>
}
