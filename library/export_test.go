package library

import "github.com/articlebot/articlebot/index"

// OnClose makes l call f, instead of closing it, with each index its
// cache is done with.
func OnClose(l *Library, f func(*index.Index)) { l.cache.closeIndex = f }
