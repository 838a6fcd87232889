" Vim syntax file
" Language:   secl journal (*.sec), a plain-text time ledger
" The format: grammar.md in the secl repository.

if exists('b:current_syntax')
  finish
endif

let s:save_cpo = &cpo
set cpo&vim

syn case match
syn sync minlines=1

" A duration: 09:00-10:30, 09:00-? (running), 1:30, 1h30m, 1.5h, 45m, 2 (ordered longest first).
let s:dur = '\%(\d\{1,2}:\d\d-\%(\d\{1,2}:\d\d\|?\)\|\d\+:\d\d\|\d\+[hH]\d\+[mM]\|\d\+\%(\.\d\+\)\=[hHmM]\=\)'
" A percentage and a target range: 15%..25%, >=20%, <= 12.5%.
let s:pct = '\d\+\%(\.\d\+\)\=%'
let s:range = '\%(' . s:pct . '\.\.' . s:pct . '\|[<>]=[ \t]*' . s:pct . '\)'
" The end of a directive: blanks, then a `; comment` or the end of the line.
let s:eol = '[ \t]*\%(;\|$\)'
" A target's start, after its range: `from 2024-07-01`.
let s:date = '\d\{4}[-/]\d\d[-/]\d\d'
let s:start = '\%([ \t]\+from[ \t]\+' . s:date . '\)\='

" Lowest priority first: Vim prefers the item defined last when several match
" at one place. Column-1 lines that are no date, directive or comment, and
" indented lines whose first word is no duration, are errors.
syn match secError         '^[^ \t;#0-9]\S*'
syn match secError         '^\d\S*'
syn match secError         '^[ \t]\+\zs[^ \t;#]\+' nextgroup=secNote skipwhite

" Whole-line comments: `;` or `#` as the first non-blank.
syn match secComment       '^[ \t]*[;#].*$' contains=@Spell

" Day headers: a date, then nothing, a `; note` or a one-line entry.
syn match secDate          '^\%(\d\{4}-\d\d-\d\d\|\d\{4}/\d\d/\d\d\)\ze\%([ \t;]\|$\)'
      \ nextgroup=secHeaderDuration,secNote skipwhite
exe 'syn match secHeaderDuration contained ''' . s:dur . '\ze\%([ \t]\|$\)'''
      \ . ' nextgroup=secDomain,secNote skipwhite'

" Entries: indented DURATION  TAG  ; NOTE.
exe 'syn match secDuration ''^[ \t]\+\zs' . s:dur . '\ze\%([ \t]\|$\)'''
      \ . ' nextgroup=secDomain,secNote skipwhite'

" Tags: the domain (first segment), then `:` separators and further segments.
syn match secDomain        contained '[^:; \t]\%([^:;]*[^:; \t]\)\='
      \ nextgroup=secTagRest,secNote skipwhite
syn match secTagRest       contained ':\%([^;]*[^; \t]\)\=' contains=secTagSep
      \ nextgroup=secNote skipwhite
syn match secTagSep        contained ':'

" Notes: everything after the first `;`; #hashtags at the start or after a blank.
syn match secNote          contained ';.*$' contains=secHashtag,@Spell
" A hashtag character is an ASCII letter, digit, `_`, `-` or `/`, or a
" non-ASCII letter or digit: a word character (\k: below 256 the list
" here, the Latin-1 letters and digits; above, Vim's Unicode word classes,
" which leave out punctuation such as `…` or `—`) that is no emoji or
" pictograph. The blank before one is any Unicode white space.
syn iskeyword 48-57,65-90,97-122,_,170,178-179,181,185-186,188-190,192-214,216-246,248-255
syn match secHashtag       contained '\%(;\s*\|\s\|[\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]\)\@<=#\%([0-9A-Za-z_/-]\|[^\x00-\x7f]\&[^\u2600-\u27bf\U1F000-\U1FAFF]\&\k\)\+'

" Directives: a lower-case keyword in column 1, then its arguments and an
" optional `; comment`.
syn match secKeyword       '^taxonomy\ze\%([ \t;]\|$\)'
      \ nextgroup=secPath,secTaxonomyName,secDirComment skipwhite
syn match secKeyword       '^tag\ze\%([ \t;]\|$\)' nextgroup=secDirDomain,secDirComment skipwhite
syn match secKeyword       '^alias\ze\%([ \t;]\|$\)' nextgroup=secAliasName,secDirComment skipwhite
syn match secKeyword       '^target\ze\%([ \t;]\|$\)' nextgroup=secTargetDomain,secDirComment skipwhite
syn match secKeyword       '^include\ze\%([ \t;]\|$\)' nextgroup=secPath,secDirComment skipwhite

syn match secPath          contained '[^; \t]\%([^;]*[^; \t]\)\=' nextgroup=secDirComment skipwhite
exe 'syn match secTaxonomyName contained ''\<\%(sec\|cto\)\ze' . s:eol . ''''
      \ . ' nextgroup=secDirComment skipwhite'
syn match secAliasName     contained '[^=; \t]\%([^=;]*[^=; \t]\)\=' nextgroup=secAliasEq skipwhite
syn match secAliasEq       contained '=' nextgroup=secDirDomain skipwhite
syn match secDirDomain     contained '[^:; \t]\%([^:;]*[^:; \t]\)\='
      \ nextgroup=secDirTagRest,secDirComment skipwhite
syn match secDirTagRest    contained ':\%([^;]*[^; \t]\)\=' contains=secTagSep
      \ nextgroup=secDirComment skipwhite
exe 'syn match secTargetDomain contained ''[^:; \t]\%([^:;]*[^:; \t]\)\=\ze\%(:\|[ \t]\+'
      \ . s:range . s:start . s:eol . '\)'' nextgroup=secTargetRest,secRange skipwhite'
exe 'syn match secTargetRest contained '':\%([^;]*[^; \t]\)\=\ze[ \t]\+' . s:range . s:start . s:eol . ''''
      \ . ' contains=secTagSep nextgroup=secRange skipwhite'
exe 'syn match secRange contained ''' . s:range . ''''
      \ . ' contains=secPercent,secRangeOp nextgroup=secTargetFrom,secDirComment skipwhite'
syn match secTargetFrom    contained '\<from\ze[ \t]' nextgroup=secTargetDate skipwhite
exe 'syn match secTargetDate contained ''' . s:date . '\ze' . s:eol . ''' nextgroup=secDirComment skipwhite'
exe 'syn match secPercent contained ''' . s:pct . ''''
syn match secRangeOp       contained '\.\.\|[<>]='
syn match secDirComment    contained ';.*$' contains=@Spell

hi def link secComment        Comment
hi def link secDirComment     Comment
hi def link secNote           Comment
hi def link secHashtag        Identifier
hi def link secDate           Title
hi def link secDuration       Number
hi def link secHeaderDuration Number
hi def link secDomain         Type
hi def link secDirDomain      Type
hi def link secTargetDomain   Type
hi def link secTagRest        Function
hi def link secDirTagRest     Function
hi def link secTargetRest     Function
hi def link secTagSep         Delimiter
hi def link secKeyword        Keyword
hi def link secTargetFrom     Keyword
hi def link secTargetDate     Title
hi def link secPath           String
hi def link secTaxonomyName   Constant
hi def link secAliasName      Identifier
hi def link secAliasEq        Operator
hi def link secRange          Operator
hi def link secPercent        Number
hi def link secRangeOp        Operator
hi def link secError          Error

let b:current_syntax = 'sec'

let &cpo = s:save_cpo
unlet s:save_cpo
