" Vim filetype plugin for secl journals (*.sec).
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

" `;` starts a whole-line comment (and, after an entry, its note).
setlocal comments=:; commentstring=;\ %s
" Entries are indented; two spaces is what `secl fmt` writes.
setlocal expandtab shiftwidth=2 softtabstop=2
" `:make` runs `secl check` and fills the quickfix list (see compiler/secl.vim).
compiler secl

let b:undo_ftplugin = 'setlocal comments< commentstring< expandtab< shiftwidth< softtabstop<'
      \ . ' makeprg< errorformat<'
