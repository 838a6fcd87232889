" Vim compiler file for secl: `:make` runs `secl check --format short-bytes`
" and loads `FILE:LINE:COL: error[CODE]: MESSAGE` lines into the quickfix
" list. COL counts bytes, as Vim's %c does (`--format short` counts
" characters), so a line with non-ASCII text lands on the right column.
" Extra arguments go to `secl check`, e.g. `:make %` checks the current file
" as a journal of its own.
if exists('current_compiler')
  finish
endif
let current_compiler = 'secl'

if exists(':CompilerSet') != 2
  command -nargs=* CompilerSet setlocal <args>
endif

let s:save_cpo = &cpo
set cpo&vim

CompilerSet makeprg=secl\ check\ --color\ never\ --format\ short-bytes
CompilerSet errorformat=%f:%l:%c:\ %trror%m,
                       \%f:%l:%c:\ %tarning%m,
                       \%-G%.%#

let &cpo = s:save_cpo
unlet s:save_cpo
