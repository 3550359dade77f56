/** An Alipay notification is a few kilobytes (docs/protocol.md §7); anything this big is not one. */
export const notifyBodyLimit = 64 * 1024
