// The Deep Linking reply goes back to the LMS on its own; the button is there if scripts are off.
document.getElementById("deep-link-return").submit();
