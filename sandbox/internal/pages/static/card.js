(function(){
window.addEventListener('pageshow',function(ev){if(ev.persisted)location.reload()});
var f=document.querySelector('form[data-busy]');if(!f)return;
[].forEach.call(f.querySelectorAll('input[aria-invalid=true]'),function(i){i.addEventListener('input',function(){
if(i.getAttribute('aria-invalid')!=='true')return;
i.removeAttribute('aria-invalid');i.removeAttribute('aria-describedby');
var m=document.getElementById(i.id+'-error');if(m)m.hidden=true;
var a=document.getElementById('form-errors');if(a&&!f.querySelector('input[aria-invalid=true]'))a.hidden=true})});
var n=document.getElementById('card_number'),e=document.getElementById('card_exp'),c=document.getElementById('card_cvv'),b=document.getElementById('card-brand');
function head(d,k){return d.length>=k?+d.slice(0,k):-1}
function brand(d){var two=head(d,2),four=head(d,4);
if(d[0]==='4')return'Visa';
if(two>=51&&two<=55||four>=2221&&four<=2720)return'Mastercard';
if(two===34||two===37)return'Amex';
if(two===62)return'UnionPay';
if(four>=2200&&four<=2204)return'Mir';return''}
function group(d){var g=/^3[47]/.test(d)?[4,6,5]:[4,4,4,4,3],o=[],i=0;
for(var k=0;k<g.length&&i<d.length;k++){o.push(d.substr(i,g[k]));i+=g[k]}return o.join(' ')}
if(n){n.addEventListener('input',function(){
var at=n.selectionStart||0,before=n.value.slice(0,at).replace(/\D/g,'').length,d=n.value.replace(/\D/g,'').slice(0,19),v=group(d),i=0,seen=0;
n.value=v;while(i<v.length&&seen<before){if(v[i]!==' ')seen++;i++}
if(document.activeElement===n)n.setSelectionRange(i,i);
if(b){b.textContent=brand(d);b.hidden=!b.textContent}})}
if(e){e.addEventListener('input',function(ev){
var d=e.value.replace(/\D/g,'').slice(0,4);
if(d.length===1&&d>'1')d='0'+d;
if(ev.inputType&&ev.inputType.indexOf('delete')===0)return;
e.value=d.length>2?d.slice(0,2)+' / '+d.slice(2):d})}
if(c){c.addEventListener('input',function(){c.value=c.value.replace(/\D/g,'').slice(0,4)})}
f.addEventListener('submit',function(){
var s=f.querySelector('button[type=submit]');
if(s){setTimeout(function(){s.disabled=true;s.textContent=f.getAttribute('data-busy')},0)}})
})();