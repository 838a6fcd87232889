" secl journals: plain-text time ledgers (*.sec).
autocmd BufRead,BufNewFile *.sec setfiletype sec
